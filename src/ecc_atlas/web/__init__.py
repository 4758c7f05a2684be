"""The Django project: registry, dashboard and API."""
