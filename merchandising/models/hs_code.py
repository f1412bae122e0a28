import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# How China's customs publish a code's declaration elements: separated by "|"
# (or numbered "0:品牌类型;1:出口享惠情况;..."); what a user pastes.
ELEMENT_SEPARATORS = re.compile(r'\s*[|;；\n]\s*')
ELEMENT_NUMBERING = re.compile(r'^\d+\s*[:：.]\s*')


def split_elements(text):
    """The element names of a declaration-elements template, in order."""
    names = (ELEMENT_NUMBERING.sub('', part) for part in ELEMENT_SEPARATORS.split(text or ''))
    return [name.strip() for name in names if name.strip()]


class HsCode(models.Model):
    """An HS code as China's customs need it: besides the 10-digit commodity
    code, what the declaration must state for goods of that code (申报要素),
    the legal units the quantity is declared in, the export tax rebate."""

    _inherit = 'hs.code'

    merch_customs_name = fields.Char(
        'Customs Name (Chinese)', help="The commodity's name in the Chinese tariff (中文品名).")
    merch_declaration_elements = fields.Text(
        'Declaration Elements',
        help="What a customs declaration must state for goods of this code (申报要素), in "
             "order, separated by | — as published, e.g. 品名|织造方法|种类|成分含量|品牌类型|出口享惠情况.")
    merch_customs_uom_id = fields.Many2one(
        'product.uom', 'Legal Unit',
        help="The first legal unit of quantity (法定第一单位) the goods are declared in.")
    merch_customs_uom2_id = fields.Many2one(
        'product.uom', 'Second Legal Unit', help="The second legal unit (法定第二单位), when the code has one.")
    merch_rebate_rate = fields.Float(
        'Export Rebate (%)', digits=(5, 2), help="The export tax rebate rate (出口退税率).")

    @api.model
    def create(self, vals):
        return super(HsCode, self).create(self._merch_normalise(vals))

    @api.multi
    def write(self, vals):
        return super(HsCode, self).write(self._merch_normalise(vals))

    @api.model
    def _merch_normalise(self, vals):
        # China's customs codes are written 6109.1000.00 or 6109 10 00 00: keep the digits.
        if vals.get('local_code') and self._merch_is_china(vals.get('company_id')):
            vals = dict(vals, local_code=re.sub(r'[\s.]', '', vals['local_code']))
        return vals

    def _merch_is_china(self, company_id=None):
        company = self.env['res.company'].browse(company_id) if company_id else (
            self.company_id if len(self) == 1 else self.env.user.company_id)
        return company.country_id.code == 'CN'

    @api.constrains('local_code', 'company_id')
    def _check_merch_local_code(self):
        for code in self.filtered(lambda c: c.company_id.country_id.code == 'CN'):
            if not re.match(r'^\d{10}$', code.local_code or ''):
                raise ValidationError(_(
                    "HS code %s: a Chinese customs code has 10 digits (e.g. 6109100021). "
                    "Correct the Local Code.") % code.local_code)

    @api.constrains('merch_rebate_rate')
    def _check_merch_rebate_rate(self):
        for code in self:
            if not 0 <= code.merch_rebate_rate <= 100:
                raise ValidationError(_("HS code %s: the Export Rebate must be between 0 and 100 %%.")
                                      % code.local_code)

    def _merch_element_names(self):
        self.ensure_one()
        return split_elements(self.merch_declaration_elements)
