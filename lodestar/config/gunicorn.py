"""Gunicorn settings for Lodestar in production (docs/guide/deployment.md, "Running the server").

    gunicorn -c lodestar/config/gunicorn.py        # what `make serve-production` and the Docker image run

Every setting can be changed from the environment:

- ``LODESTAR_BIND`` (default ``127.0.0.1:8000``): where to listen. Loopback by default, so only the
  TLS proxy on the same machine reaches it; the Docker image sets ``0.0.0.0:8000``.
- ``LODESTAR_WORKERS`` (default 2) processes x ``LODESTAR_THREADS`` (default 4) threads each:
  8 requests at once, sized for 2 cores. Pages spend part of their time waiting for the
  database, so a few threads per core keep the cores busy; add workers with cores.
- ``LODESTAR_TIMEOUT`` (default 60 s): a request running longer is stopped and its worker replaced.

Each request is logged on standard output (Apache's combined format plus the time taken in
microseconds); errors go to standard error.
"""

from __future__ import annotations

import os

wsgi_app = "lodestar.config.wsgi:application"
bind = [os.environ.get("LODESTAR_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("LODESTAR_WORKERS", "2"))
threads = int(os.environ.get("LODESTAR_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("LODESTAR_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace each worker after about a thousand requests, so a slow leak can never build up.
max_requests = 1000
max_requests_jitter = 100
# No gunicornc control socket: one fixed path in the home folder would be shared by every
# server on the machine, and restarts are the service manager's job.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
loglevel = os.environ.get("LODESTAR_GUNICORN_LOG_LEVEL", "info")
