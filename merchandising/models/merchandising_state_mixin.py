from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import guard_lifted, is_guard_lifted


class MerchandisingStateMixin(models.AbstractModel):
    """What a merchandiser follows step by step — a sample, a T&A milestone,
    a shipping document, a costing sheet, the customs of an order: it moves
    only along its own table of steps, through its buttons, each step
    stamping the day it was taken and leaving its trace in the chatter. A
    form, an import or an API call that sets the state (or another guarded
    field) directly is refused, whatever its context, with what to do
    instead.

    A model using it sets:

    - ``_state_field``: the field that holds the state (``state``);
    - ``_state_transitions``: {state: the states it may move to};
    - ``_state_dates``: {state: the date field a move there stamps with
      today, unless given or already set};
    - ``_state_hint``: what to do instead of writing the state (the buttons);
    - ``_state_final_hint``: what to do once the state is final, if anything;

    and moves its records with ``_move_to(state, **values)``. Other fields
    guarded the same way are added by overriding ``_guarded_fields``. The
    record's state is created at its field's default only."""

    _name = 'merchandising.state.mixin'
    _description = 'Merchandising State Machine'

    _state_field = 'state'
    _state_transitions = {}
    _state_dates = {}
    _state_hint = None
    _state_final_hint = None

    # --- the guard ------------------------------------------------------------

    def _guarded_fields(self):
        """{field: (the value a record may be created with — None: any —,
        what to do instead)}: the fields that change only through the model's
        own path (``_move_to``, or a method lifting the guard for its write)."""
        field = self._fields[self._state_field]
        return {self._state_field: (field.default(self) if field.default else None, self._state_hint)}

    def _guarded_fields_set(self, vals):
        """The guarded fields ``vals`` sets that the running block has not
        lifted (``tools.guard_lifted``)."""
        guarded = self._guarded_fields()
        return {fname: guarded[fname] for fname in guarded.keys() & vals.keys()
                if not is_guard_lifted(self, fname)}

    def _refuse_guarded(self, fname, hint, record_name):
        raise UserError(self.env._(
            "%(record)s: %(field)s cannot be set directly: %(how)s.",
            record=record_name, field=self._fields[fname]._description_string(self.env),
            how=hint._translate(self.env.lang)))

    def _check_guarded_create(self, vals_list):
        """Refuse creating records past the first value of a guarded field: one
        created further on would skip the steps (and the decisions) before it."""
        for vals in vals_list:
            for fname, (initial, hint) in self._guarded_fields_set(vals).items():
                # (An empty value is the first one of a field that starts empty.)
                if initial is not None and (vals[fname] or False) != initial:
                    self._refuse_guarded(fname, hint, vals.get('name') or self._description)

    def _check_guarded_write(self, vals):
        """Refuse a write that changes a guarded field (writing the value a
        record already has changes nothing and passes: an import of exported
        rows)."""
        for fname, (dummy, hint) in self._guarded_fields_set(vals).items():
            field = self._fields[fname]
            new = field.convert_to_record(field.convert_to_cache(vals[fname], self), self)
            changed = self.filtered(lambda record: record[fname] != new)
            if changed:
                self._refuse_guarded(fname, hint, changed[0]._state_record_name())

    # The guard of every create and write, last before the ORM's. A model
    # whose own create or write acts before its super() (a sequence number,
    # a revision) checks first too: nothing of a refused record is done.
    @api.model_create_multi
    def create(self, vals_list):
        self._check_guarded_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_guarded_write(vals)
        return super().write(vals)

    # --- moving ----------------------------------------------------------------

    def _move_to(self, state, **values):
        """The one way these records change state: each step checked against
        the table (``_check_move``), ``values`` written along, the day stamped
        (``_state_dates``), then ``_state_moved`` on the records that moved.
        Written through the model's whole ``write``, with the guard of the
        state lifted for that write only."""
        fname = self._state_field
        moving = self.filtered(lambda record: record[fname] != state)
        moving._check_move(state, values)
        previous = {record.id: record[fname] for record in moving}
        stamp = self._state_dates.get(state)
        with guard_lifted(self, fname):
            if values and self - moving:
                (self - moving).write(values)
            unstamped = moving.filtered(lambda record: not record[stamp]) if stamp and stamp not in values \
                else moving.browse()
            if unstamped:
                unstamped.write(dict(values, **{fname: state, stamp: fields.Date.context_today(self)}))
            if moving - unstamped:
                (moving - unstamped).write(dict(values, **{fname: state}))
        moving._state_moved(state, previous)
        return True

    def _next_states(self):
        """The states this record may move to from where it is."""
        self.ensure_one()
        return self._state_transitions.get(self[self._state_field], ())

    def _check_move(self, state, values):
        """Refuse a step the table does not allow, in one shape for every
        state machine: where the record is, where it cannot go, where it can."""
        for record in self:
            if state not in record._next_states():
                record._refuse_move(state)

    def _refuse_move(self, state):
        self.ensure_one()
        field = self._fields[self._state_field]
        labels = dict(field._description_selection(self.env))
        steps = [labels[step] for step in self._next_states()]
        if steps:
            then = self.env._("Next possible steps: %(steps)s.", steps=', '.join(steps))
        elif self._state_final_hint:
            then = self.env._("It is final: %(hint)s.", hint=self._state_final_hint._translate(self.env.lang))
        else:
            then = self.env._("It is final.")
        raise UserError(self.env._(
            "%(record)s: %(field)s is %(state)s, it cannot become %(target)s. %(then)s",
            record=self._state_record_name(), field=field._description_string(self.env),
            state=labels[self[self._state_field]], target=labels[state], then=then))

    def _state_record_name(self):
        """The record as the refusal names it."""
        return self.display_name

    def _state_moved(self, state, previous):
        """These records moved to ``state`` from ``previous`` ({id: state}).
        The log of who moved what is the chatter's tracking of the state
        field; a model without it logs the move where its users read."""
        return True

    def _states_after(self, state):
        """Every state reachable from ``state`` along the table (``state``
        excluded unless the table comes back to it): what a step back to
        ``state`` undoes."""
        reached, todo = set(), [state]
        while todo:
            for step in self._state_transitions.get(todo.pop(), ()):
                if step not in reached:
                    reached.add(step)
                    todo.append(step)
        return reached
