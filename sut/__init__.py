"""The reference shop: a small web service greenlight's own acceptance tests run against.

It is a Flask app served by waitress, keeping its data in SQLite, with a JSON API,
server-rendered pages, Prometheus metrics and switchable faults, so that a test run
has something real to pass or fail against.

Example::

    $ SHOP_ADMIN_TOKEN=secret python -m sut --port 0 --fault slow=200
    shop serving http://127.0.0.1:41237
"""
