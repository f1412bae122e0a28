from odoo import api, fields, models, tools

# The flags a stage's gates and the confirmation read, kept with the pipeline's
# order in ``_pipeline``.
PIPELINE_FLAGS = ('is_closed', 'is_confirmation_stage', 'requires_customs_data', 'requires_customs_release')


class MerchandisingStage(models.Model):
    """A step of the follow-up pipeline an export order goes through, from the
    customer's enquiry to the closed file: the columns of the merchandiser's
    kanban board. Features add the conditions (gates) an order must meet to
    enter a stage: samples approved, customs released."""

    _name = 'merchandising.stage'
    _inherit = ['merchandising.cached.config']
    _description = 'Follow-up Stage'
    _order = 'sequence, id'

    name = fields.Char('Stage Name', required=True, translate=True)
    sequence = fields.Integer(
        default=10,
        help="Orders move through the stages in this order; the first stage is "
             "where new orders start.")
    fold = fields.Boolean(
        'Folded in Pipeline',
        help="Fold this column in the kanban board (typically shipped and "
             "closed orders) so the board shows the orders that need work.")
    is_closed = fields.Boolean(
        'Closing Stage',
        help="Orders in this stage are finished: they no longer count as past their ex-factory date "
             "and a quotation may not enter it before it is confirmed.")
    is_confirmation_stage = fields.Boolean(
        'Entered on Confirmation',
        help="Confirming a quotation moves it to this stage when it is still "
             "in an earlier one.")
    description = fields.Text(
        translate=True,
        help="What must happen in this stage; shown to merchandisers as the "
             "column's tooltip.")
    mail_template_id = fields.Many2one(
        'mail.template', 'Email to Customer',
        domain=[('model', '=', 'sale.order')],
        help="If set, this email is sent to the customer when an order enters "
             "the stage (for instance when it ships).")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        help="Leave empty to share the stage between all companies.")
    requires_customs_data = fields.Boolean(
        help="Orders enter this stage (and later ones) only when every product they ship has "
             "an HS code and all its declaration elements.")
    requires_customs_release = fields.Boolean(
        help="Orders enter this stage (and later ones) only when customs have released them, "
             "every required document is received and the delivery is done.")

    @api.model
    @tools.ormcache()
    def _pipeline(self):
        """Every active stage, in the pipeline's order: (id, sequence, company
        id, the flags it has). Read once per process and cached, because the
        stage gates and the confirmation ask it for every order that moves,
        and stages change about once a year."""
        # sudo: a cache for every user, of configuration every order that moves reads.
        stages = self.sudo().with_context(active_test=True).search_fetch([], ('sequence', 'company_id') + PIPELINE_FLAGS)
        return tuple((stage.id, stage.sequence, stage.company_id.id,
                      frozenset(flag for flag in PIPELINE_FLAGS if stage[flag]))
                     for stage in stages)

    @api.model
    def _pipeline_of(self, company):
        """The active stages an order of ``company`` goes through: the shared
        ones and the company's, as (id, sequence, company id, flags)."""
        return [stage for stage in self._pipeline() if stage[2] in (False, company.id)]

    @api.model
    def _first_stage(self, company):
        """Where a new order of ``company`` starts."""
        return self.browse([stage[0] for stage in self._pipeline_of(company)][:1])

    @api.model
    def _confirmation_stage(self, company):
        """The stage a confirmed order of ``company`` enters (the first one
        marked so)."""
        return self.browse([stage[0] for stage in self._pipeline_of(company)
                            if 'is_confirmation_stage' in stage[3]][:1])

    def _cached(self):
        """The stage's row of the cached pipeline, or None (an archived stage)."""
        self.ensure_one()
        return next((stage for stage in self._pipeline() if stage[0] == self.id), None)

    def _position(self):
        """Where the stage stands in the pipeline, to compare stages: before,
        at or after (the stages' own order)."""
        row = self._cached()
        return (row[1], row[0]) if row else (self.sequence, self.id)

    def _has(self, flag):
        """Whether the stage itself is marked with the boolean field ``flag``
        (read from the cached pipeline)."""
        row = self._cached()
        return flag in row[3] if row else bool(self[flag])

    def _requires(self, flag, company):
        """Whether this stage, or one before it in the pipeline of ``company``,
        asks for the condition named by the boolean field ``flag``: a
        condition of a stage holds for every later one."""
        position = self._position()
        return any((sequence, stage_id) <= position and flag in flags
                   for stage_id, sequence, dummy, flags in self._pipeline_of(company))
