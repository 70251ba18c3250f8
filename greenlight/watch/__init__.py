"""The watch window after a release: smoke rounds, window probes, SLO burn rates, notifications.

    $ greenlight watch --env prod --for 30m --every 1m

:mod:`~greenlight.watch.rounds` runs the rounds, :mod:`~greenlight.watch.spec` reads the
settings, :mod:`~greenlight.watch.window` judges the whole window and the objectives,
:mod:`~greenlight.watch.record` keeps ``reports/<env>/watch.json``.
"""
