"""``greenlight init``: a working acceptance project for a team's own system.

    $ greenlight init my-system
    $ cd my-system && APP_URL=https://my-system.example.com pytest --env=prod

The files come from ``templates/`` (package data, ``.tmpl`` so that neither pytest nor
ruff takes them for greenlight's own); :mod:`greenlight.scaffold.writer` lays them out.
"""
