"""Action plan pages, one module per journey (``urls.py`` names each view by its module).

Thin: reads through ``visible_to`` querysets, writes through ``lodestar.plans.actions``, and an
action's ``ValidationProblem`` is shown on the form (``common.saved``).
"""
