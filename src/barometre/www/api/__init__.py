"""The public JSON API (read-only, versioned): /api/v1/… and its OpenAPI document."""
