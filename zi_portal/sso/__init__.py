"""Single sign-on through OpenID Connect beside the local login (README "Single sign-on (OIDC)")."""
