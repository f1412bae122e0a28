"""The T&A network's forecast is plain Python (``merchandising/network.py``):
these tests run it on plain objects, without a database, the ORM or a
frozen clock — the dates they give are the only input. A week of Monday to
Friday; 1 March 2027 is a Monday."""
from datetime import date
from dataclasses import dataclass

from odoo.addons.merchandising.network import EMPTY_FORECAST, WorkingDays, forecast_network

WEEK = WorkingDays(weekdays=range(5))
TODAY = date(2027, 3, 1)


@dataclass(eq=False)  # one node per object, as one per record
class Node:
    id: int
    sequence: int
    state: str
    planned_date: date
    revised_date: date
    actual_date: date
    duration_days: int


def milestone(id_, sequence, planned, state='pending', revised=None, actual=None, duration=1):
    return Node(id_, sequence, state, planned, revised, actual, duration)


def forecast(plan, links):
    return forecast_network(plan, links, {m: WEEK for m in plan}, TODAY)


def test_a_chain_waits_for_its_predecessor_in_working_days():
    # Cutting (3 working days) after the fabric, two days' lag: fabric
    # promised Thursday 4 March, cutting may start Tuesday 9 and ends Thursday 11.
    fabric = milestone(1, 10, date(2027, 3, 2), revised=date(2027, 3, 4))
    cutting = milestone(2, 20, date(2027, 3, 8), duration=3)
    result = forecast([fabric, cutting], {2: [(1, 2)]})
    assert result[fabric]['forecast_date'] == date(2027, 3, 4)
    assert result[fabric]['delay_days'] == 2
    assert result[cutting]['forecast_date'] == date(2027, 3, 11)
    assert result[cutting]['delay_days'] == 3
    assert result[fabric]['is_critical'] and result[cutting]['is_critical']


def test_the_critical_path_runs_through_what_waited_last_and_the_rest_has_slack():
    # Shipment waits for both; the trims (done early) leave slack, the fabric drives.
    fabric = milestone(1, 10, date(2027, 3, 10))
    trims = milestone(2, 20, date(2027, 3, 3))
    ship = milestone(3, 30, date(2027, 3, 11))
    result = forecast([fabric, trims, ship], {3: [(1, 0), (2, 0)]})
    assert result[ship]['forecast_date'] == date(2027, 3, 11)
    assert result[fabric]['is_critical'] and not result[trims]['is_critical']
    assert result[trims]['slack_days'] == 5, "Wednesday 3 to Wednesday 10: five working days to slip"
    assert result[fabric]['slack_days'] == 0


def test_a_done_milestone_finishes_on_its_actual_date_and_a_skipped_one_passes_its_wait_on():
    fabric = milestone(1, 10, date(2027, 2, 22), state='done', actual=date(2027, 2, 26))
    testing = milestone(2, 20, date(2027, 2, 24), state='skipped')
    cutting = milestone(3, 30, date(2027, 2, 25))
    result = forecast([fabric, testing, cutting], {2: [(1, 0)], 3: [(2, 0)]})
    assert result[fabric]['forecast_date'] == date(2027, 2, 26)
    assert result[testing] == EMPTY_FORECAST
    # After the fabric (Friday 26 February) and a day's work: Monday 1 March, today.
    assert result[cutting]['forecast_date'] == date(2027, 3, 1)


def test_an_open_milestone_is_never_forecast_before_today_and_a_circle_is_ignored():
    overdue = milestone(1, 10, date(2027, 2, 15))
    other = milestone(2, 20, date(2027, 2, 16))
    result = forecast([overdue, other], {1: [(2, 0)], 2: [(1, 0)]})
    assert result[overdue]['forecast_date'] == TODAY
    assert result[overdue]['delay_days'] == (TODAY - date(2027, 2, 15)).days
    assert result[other]['forecast_date'] >= TODAY
