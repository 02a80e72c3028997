"""HTTP only: templates, forms, views and URLs; calls the core packages, holds no logic."""
