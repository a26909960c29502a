"""The form tying a workshop to a scenario: it only reads the choices; ``actions.workshops.link_scenario`` checks them."""

from __future__ import annotations

from django import forms

from lodestar.projections.actions.workshops import staff_groups
from lodestar.star import vocab


class OpenChoiceField(forms.ChoiceField):
    """A select whose posted value goes to the action as it is: the action says what is wrong with it."""

    def valid_value(self, value) -> bool:
        return True


class WorkshopScenarioForm(forms.Form):
    scenario = OpenChoiceField(
        label="Scenario",
        required=False,
        help_text="The projection of supply and demand the candidates are modelled against",
    )
    staff_group = OpenChoiceField(
        label="Staff group the candidates act on",
        required=False,
        help_text="It must be one of the chosen scenario's staff groups",
    )

    def __init__(self, *args, scenarios=(), **kwargs):
        super().__init__(*args, **kwargs)
        scenarios = list(scenarios)
        self.fields["scenario"].choices = [("", "Choose a scenario")] + [
            (str(s.pk), f"{s.name} ({s.organisation.name})") for s in scenarios
        ]
        groups: list[str] = []
        for s in scenarios:
            version = s.latest
            for g in staff_groups(version.spec if version else {}):
                if g not in groups:
                    groups.append(g)
        self.fields["staff_group"].choices = [("", "Choose a staff group")] + [
            (g, vocab.label(vocab.STAFF_GROUPS, g)) for g in groups
        ]
