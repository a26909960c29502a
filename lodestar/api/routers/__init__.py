"""One ninja Router per domain; each is listed in lodestar.api.api.ROUTERS."""
