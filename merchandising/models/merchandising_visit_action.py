from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MerchandisingVisitAction(models.Model):
    """A follow-up action agreed during a customer's visit — send the
    swatches, revise the price, book the inspection. Each one is a to-do for
    its responsible on the visit's enquiry (or on the customer when there is
    none), so that it shows in their activities and nothing agreed is
    forgotten."""

    _name = 'merchandising.visit.action'
    _description = 'Visit Follow-up Action'
    _order = 'date_deadline, id'

    event_id = fields.Many2one('calendar.event', 'Visit', required=True, index=True, ondelete='cascade')
    name = fields.Char('Action', required=True)
    user_id = fields.Many2one(
        'res.users', 'Responsible', required=True, domain=[('share', '=', False)],
        default=lambda self: self.env.user)
    date_deadline = fields.Date('Due', required=True, default=fields.Date.context_today)
    activity_id = fields.Many2one(
        'mail.activity', 'To-do', readonly=True, copy=False, ondelete='set null', index='btree_not_null')
    state = fields.Selection(
        [('open', 'Open'), ('done', 'Done')], compute='_compute_state',
        help="Open while its to-do waits; done when the to-do was marked done (or cancelled).")

    @api.depends('activity_id')
    def _compute_state(self):
        for action in self:
            action.state = 'open' if action.activity_id else 'done'

    @api.model_create_multi
    def create(self, vals_list):
        # The to-dos first, so that each action is created with its own (no
        # write per action afterwards).
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        todos = self._schedule_todos(vals_list)
        return super().create([dict(vals, activity_id=todo.id) for vals, todo in zip(vals_list, todos)])

    def write(self, vals):
        res = super().write(vals)
        changed = {'name': 'summary', 'user_id': 'user_id', 'date_deadline': 'date_deadline'}
        todo_vals = {changed[name]: value for name, value in vals.items() if name in changed}
        if todo_vals:
            # sudo: the to-do follows its action, whoever is its responsible (mail lets only them edit it).
            self.activity_id.sudo().write(todo_vals)
        return res

    def unlink(self):
        # sudo: the to-do goes with its action, whoever is its responsible.
        self.activity_id.sudo().unlink()
        return super().unlink()

    @api.model
    def _schedule_todos(self, vals_list):
        """One to-do per action to create, on the visit's enquiry or customer,
        in one create, in the order of ``vals_list``."""
        events = self.env['calendar.event'].browse({vals['event_id'] for vals in vals_list})
        documents = []
        for vals in vals_list:
            event = events.browse(vals['event_id'])
            document = event.opportunity_id or event.merch_customer_id
            if not document:
                raise ValidationError(self.env._(
                    "Visit '%(visit)s': set the Visiting Customer or the enquiry before adding the "
                    "follow-up action '%(action)s'.", visit=event.name, action=vals['name']))
            documents.append(document)
        todo = self.env.ref('mail.mail_activity_data_todo')
        # sudo: the to-do of the action's responsible, on the enquiry or customer, whoever enters the visit.
        return self.env['mail.activity'].sudo().create([{
            'res_model_id': self.env['ir.model']._get_id(document._name),
            'res_id': document.id,
            'activity_type_id': todo.id,
            'summary': vals['name'],
            'note': self.env._("Agreed during the visit %(visit)s", visit=events.browse(vals['event_id']).name),
            'date_deadline': vals['date_deadline'],
            'user_id': vals['user_id'],
        } for vals, document in zip(vals_list, documents)])
