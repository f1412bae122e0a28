"""The T&A network in plain Python, the ORM apart: the working days of a
calendar and the forecast of one plan. The milestone model reads the plans,
their links and calendars (``merchandising.milestone._plan_forecasts``) and
calls ``forecast_network`` on each; a milestone here is anything with its
``id``, ``sequence``, ``state``, ``planned_date``, ``revised_date``,
``actual_date`` and ``duration_days`` (a record, or a plain object in a
test)."""
from datetime import timedelta

# Working days are counted in steps of one day; a run of more non-working
# days than this (a calendar without attendances) counts every day instead.
MAX_CLOSED_RUN = 366


class WorkingDays:
    """The working days of one calendar, read once: its working weekdays and
    its public holidays as dates. Counting in it sends no query, so that a
    forecast of thousands of plans counts its lags and durations in memory."""

    def __init__(self, weekdays=range(7), holidays=()):
        self.weekdays = frozenset(weekdays) or frozenset(range(7))
        self.holidays = frozenset(holidays)

    def is_working(self, day):
        return day.weekday() in self.weekdays and day not in self.holidays

    def add(self, day, count):
        """The day ``count`` working days after ``day`` (before it when
        negative); ``day`` itself when ``count`` is 0."""
        step = timedelta(days=1 if count >= 0 else -1)
        left, closed = abs(count), 0
        while left:
            day += step
            if self.is_working(day):
                left, closed = left - 1, 0
            else:
                closed += 1
                if closed > MAX_CLOSED_RUN:  # nothing ever works: count calendar days
                    return day + step * (left - 1)
        return day

    def count(self, start, stop):
        """Working days after ``start`` up to ``stop`` (negative when ``stop``
        is earlier): how far ``add`` goes from one to the other."""
        if stop < start:
            return -self.count(stop, start)
        # Whole weeks at once (a slack runs over months: the chase job counts
        # thousands of them), then the days left, less the public holidays.
        weeks, rest = divmod((stop - start).days, 7)
        days = weeks * len(self.weekdays) + sum(
            1 for offset in range(weeks * 7 + 1, weeks * 7 + rest + 1)
            if (start + timedelta(days=offset)).weekday() in self.weekdays)
        return days - sum(1 for holiday in self.holidays
                          if start < holiday <= stop and holiday.weekday() in self.weekdays)



EMPTY_FORECAST = {'forecast_date': False, 'delay_days': 0, 'slack_days': 0, 'is_critical': False}


def plan_order(milestone):
    # New lines typed in the order's form (no id yet) come after the saved ones.
    return (milestone.sequence, getattr(milestone, '_origin', milestone).id or float('inf'))


def node_key(milestone):
    # A milestone and the same one being edited in the order's form are one node.
    return getattr(milestone, '_origin', milestone).id or milestone.id


def forecast_network(plan, links, calendars, today):
    """{milestone: forecast values} of one plan (see ``merchandising.milestone._plan_forecasts``):
    ``links`` {node: [(predecessor node, lag)]}, ``calendars`` {milestone:
    WorkingDays}. A link to a milestone outside the plan is ignored; so is a
    link that would close a circle (refused when saved)."""
    nodes = {node_key(milestone): milestone for milestone in plan}
    waits = {node: [(previous, lag) for previous, lag in links.get(node, ()) if previous in nodes and previous != node]
             for node in nodes}
    order = topological(nodes, waits)
    finish, forecast, ready = {}, {}, {}
    for node in order:
        milestone = nodes[node]
        days = calendars[milestone]
        skipped = milestone.state == 'skipped' or not milestone.planned_date
        duration = 0 if skipped else milestone.duration_days
        ready[node] = {previous: days.add(days.add(finish[previous], lag), duration)
                       for previous, lag in waits[node] if finish.get(previous)}
        earliest = ready[node] and max(ready[node].values()) or None
        if skipped:
            finish[node] = earliest
        elif milestone.state == 'done' and milestone.actual_date:
            finish[node] = forecast[node] = milestone.actual_date
        else:
            finish[node] = forecast[node] = max(
                filter(None, (milestone.revised_date or milestone.planned_date, earliest, today)))
    # Back from the shipment (the last milestone with a forecast): the latest
    # each may finish without moving it.
    shipment = max((milestone for node, milestone in nodes.items() if node in forecast),
                   key=plan_order, default=None)
    latest = {node_key(shipment): forecast[node_key(shipment)]} if shipment else {}
    for node in reversed(order):
        milestone = nodes[node]
        if node not in latest:
            continue
        days = calendars[milestone]
        duration = milestone.duration_days if node in forecast else 0
        for previous, lag in waits[node]:
            allowed = days.add(days.add(latest[node], -duration), -lag)
            latest[previous] = min(latest.get(previous, allowed), allowed)
    critical = driving_path(shipment and node_key(shipment), nodes, ready, forecast)
    result = {}
    for node, milestone in nodes.items():
        if node not in forecast:
            result[milestone] = EMPTY_FORECAST
            continue
        slack = calendars[milestone].count(forecast[node], latest[node]) if node in latest else 0
        result[milestone] = {
            'forecast_date': forecast[node],
            'delay_days': (forecast[node] - milestone.planned_date).days,
            'slack_days': max(0, slack),
            'is_critical': node in critical,
        }
    return result


def driving_path(shipment, nodes, ready, forecast):
    """The critical path: back from the shipment, through what each
    milestone waited for last (the predecessor that let it start latest).
    An open milestone held by its own date (a promise, its plan, today) was
    not driven by its predecessors: the path stops there. A done one waited
    for the last of them, whenever it was recorded."""
    path, todo = set(), [shipment] if shipment else []
    while todo:
        node = todo.pop()
        if node in path:
            continue
        path.add(node)
        waited = ready.get(node)
        if not waited:
            continue
        last = max(waited.values())
        milestone = nodes[node]
        if milestone.state != 'done' and node in forecast and forecast[node] > last:
            continue
        todo += [previous for previous, date in waited.items() if date == last]
    return {node for node in path if node in forecast}


def topological(nodes, waits):
    """The plan's nodes, each after what it waits for, else in plan order."""
    by_plan = sorted(nodes, key=lambda node: plan_order(nodes[node]))
    placed, order = set(), []
    while len(order) < len(by_plan):
        progressed = False
        for node in by_plan:
            if node not in placed and all(previous in placed for previous, dummy in waits[node]):
                placed.add(node)
                order.append(node)
                progressed = True
        if not progressed:  # a circle: place the first waiting one, as planned
            node = next(node for node in by_plan if node not in placed)
            placed.add(node)
            order.append(node)
    return order
