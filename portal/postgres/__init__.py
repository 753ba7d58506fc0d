"""A Postgres database backend that waits for the server while it restarts, instead of failing.

Django's own backend, except that opening a connection is retried for up to
`OPTIONS["connect_retry_seconds"]` (production: DJANGO_DB_CONNECT_RETRY_SECONDS, 5 s) while
the server refuses connections, is starting up or shutting down. With CONN_HEALTH_CHECKS a
request that finds its kept connection dead opens a new one through here, so a Postgres
restart costs only the requests whose queries were running at that instant.
"""
