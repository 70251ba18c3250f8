"""Readable, publishable Allure reports: results on every run, and ``greenlight report``.

    $ pytest --env=staging            # results in reports/staging/allure-results
    $ greenlight report --env staging
    report: reports/staging/allure-report/index.html (verdict: go)

The pytest side (registered by the plugin) names the results folder, turns Gherkin
steps, labels, links and failure evidence into Allure data and writes the report-level
files; the command side builds the HTML with Allure 3 and carries history forward.
"""
