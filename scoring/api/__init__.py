"""The REST API under /api/v1/ (Django REST framework, OpenAPI schema by drf-spectacular).

A nested app (label ``scoring_api``): personal API tokens (models, tokens, services, selectors),
the error mapping (errors.py), serializers and thin views over the same selectors, rules and
services as the pages. docs/architecture.md lists its modules.
"""
