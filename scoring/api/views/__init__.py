"""The API's views, one module per resource; thin: selector (404), serializer, service."""
