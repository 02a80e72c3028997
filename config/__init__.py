"""Django project configuration: settings per environment, read from the environment in env.py."""
