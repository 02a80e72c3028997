"""gunicorn in production: ``gunicorn -c config/gunicorn.py config.wsgi:application``.

gunicorn's own lines are JSON like Django's (config/settings/prod.py): the access log on stdout,
with the request id, the errors on stderr. Both go through barometre.www.logs.redact (no login
token, no e-mail address)."""

# The master loads the site once and forks its workers: a worker that dies (killed, out of
# memory) is replaced in milliseconds instead of importing the whole project again (seconds),
# and the workers share the imported code's memory (tests/reliability/test_server_kills.py).
preload_app = True
accesslog = "-"
errorlog = "-"
logger_class = "barometre.www.logs.GunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" req=%({x-request-id}o)s'
logconfig_dict = {
    # Not propagated to the root logger, whose handler would write each line a second time.
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
    "formatters": {"json": {"()": "barometre.www.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
}
