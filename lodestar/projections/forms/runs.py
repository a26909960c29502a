"""The form that asks for a run: how many runs and, optionally, the seed.

It only carries what was typed; ``actions.runs.request_run`` decides what is acceptable and its
``ValidationProblem`` is shown beside the fields (``lodestar.core.forms.add_problems``).
"""

from __future__ import annotations

from django import forms

DEFAULT_RUNS = 1000


class RunForm(forms.Form):
    runs = forms.CharField(
        label="Number of runs",
        initial=DEFAULT_RUNS,
        max_length=20,
        help_text=(
            "Each run is one possible future, drawn from the likely ranges of the assumptions. More runs give "
            "steadier ranges but take longer: 1,000 is usually enough."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Enter the number of runs"},
    )
    seed = forms.CharField(
        label="Seed (optional)",
        required=False,
        max_length=20,
        help_text="The same seed gives exactly the same results again. Leave it empty for a new one.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
