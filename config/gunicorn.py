"""gunicorn in production: ``gunicorn -c config/gunicorn.py config.wsgi:application``.

The access log goes to stdout, errors to stderr (Django's lines are JSON, config/settings/prod.py);
the access log carries the request id and goes through barometre.www.logs.redact (no login
token, no e-mail address)."""

accesslog = "-"
errorlog = "-"
logger_class = "barometre.www.logs.GunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" req=%({x-request-id}o)s'
