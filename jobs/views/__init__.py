"""The jobs app's pages, one module per audience and subject:

- ``public``: the job search, a job's page, a company's page (anyone)
- ``employer_dashboard``, ``employer_jobs``, ``employer_applications``, ``employer_company``:
  the employer's site, all read through ``membership`` (another company's rows are a 404)

A candidate's pages about jobs (applying, saving, "My applications") are in ``candidates.views``.
"""
