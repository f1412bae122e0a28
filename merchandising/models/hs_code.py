import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# How China's customs publish a code's declaration elements: separated by "|"
# (or numbered "0:品牌类型;1:出口享惠情况;..."); what a user pastes.
ELEMENT_SEPARATORS = re.compile(r'\s*[|;；\n]\s*')
ELEMENT_NUMBERING = re.compile(r'^\d+\s*[:：.]\s*')
CHINESE_CODE = re.compile(r'^\d{10}$')


def split_elements(text):
    """The element names of a declaration-elements template, in order."""
    names = (ELEMENT_NUMBERING.sub('', part) for part in ELEMENT_SEPARATORS.split(text or ''))
    return [name.strip() for name in names if name.strip()]


class HsCode(models.Model):
    """An HS code as China's customs need it: besides the 10-digit commodity
    code, what the declaration must state for goods of that code (申报要素),
    the legal units the quantity is declared in, the export tax rebate.

    OCA's H.S. codes are shared by all companies (18.0 has no company on
    them): a code is checked as Chinese when the company at work is in China.
    """

    _inherit = 'hs.code'

    merch_customs_name = fields.Char(
        'Customs Name (Chinese)', help="The commodity's name in the Chinese tariff (中文品名).")
    merch_declaration_elements = fields.Text(
        'Declaration Elements',
        help="What a customs declaration must state for goods of this code (申报要素), in "
             "order, separated by | — as published, e.g. 品名|织造方法|种类|成分含量|品牌类型|出口享惠情况.")
    merch_customs_uom_id = fields.Many2one(
        'uom.uom', 'Legal Unit',
        help="The first legal unit of quantity (法定第一单位) the goods are declared in.")
    merch_customs_uom2_id = fields.Many2one(
        'uom.uom', 'Second Legal Unit', help="The second legal unit (法定第二单位), when the code has one.")
    merch_rebate_rate = fields.Float(
        'Export Rebate (%)', digits=(5, 2), help="The export tax rebate rate (出口退税率).")

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._merch_normalise(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._merch_normalise(vals))

    @api.model
    def _merch_normalise(self, vals):
        # China's customs codes are written 6109.1000.00 or 6109 10 00 00: keep the digits.
        if vals.get('local_code') and self._merch_is_china():
            vals = dict(vals, local_code=re.sub(r'[\s.]', '', vals['local_code']))
        return vals

    @api.model
    def _merch_is_china(self):
        return self.env.company.country_id.code == 'CN'

    @api.model
    def _merch_local_code_problem(self, local_code):
        """Why ``local_code`` cannot be a customs code here, or None."""
        if self._merch_is_china() and not CHINESE_CODE.match(local_code or ''):
            return self.env._("HS code %(code)s: a Chinese customs code has 10 digits (e.g. 6109100021). "
                              "Correct the Local Code.", code=local_code)
        return None

    @api.constrains('local_code')
    def _check_merch_local_code(self):
        for code in self:
            problem = self._merch_local_code_problem(code.local_code)
            if problem:
                raise ValidationError(problem)

    @api.constrains('merch_rebate_rate')
    def _check_merch_rebate_rate(self):
        for code in self:
            if not 0 <= code.merch_rebate_rate <= 100:
                raise ValidationError(self.env._(
                    "HS code %(code)s: the Export Rebate must be between 0 and 100 %%.", code=code.local_code))

    def _merch_element_names(self):
        self.ensure_one()
        return split_elements(self.merch_declaration_elements)
