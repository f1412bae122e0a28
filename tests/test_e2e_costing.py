"""In a real browser: the merchandiser costs a quotation line (a component
and the margin), applies the sheet, and the quotation line has its price."""
from odoo import Command

from tour_case import TourCase


class TestCostingInTheBrowser(TourCase):

    def test_the_merchandiser_prices_a_quotation_line_from_its_costing(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Li Costing Tour', 'tour_costing_merch')
        customer = env['res.partner'].create({'name': 'Tour Outdoor AB', 'is_company': True})
        parka = env['product.product'].create({'name': 'Tour parka', 'type': 'consu'})
        env['product.product'].create({'name': 'Tour poplin', 'type': 'consu', 'standard_price': 4.0})
        order = env['sale.order'].create({
            'partner_id': customer.id, 'merchandiser_id': merchandiser.id,
            'incoterm': env.ref('account.incoterm_FOB').id,
            'order_line': [Command.create({'product_id': parka.id, 'product_uom_qty': 1000, 'price_unit': 9.0})]})

        self.start_tour('/odoo/action-sale.action_quotations_with_onboarding/%d' % order.id,
                        'merchandising_costing', login='tour_costing_merch')

        env.invalidate_all()
        line = order.order_line
        sheet = line.merch_costing_id
        self.assertEqual((sheet.state, sheet.create_uid, sheet.margin_percent), ('applied', merchandiser, 20))
        self.assertEqual(sheet.line_ids.mapped('name'), ['Tour poplin'])
        self.assertEqual((line.price_unit, sheet.unit_price), (5.0, 5.0))
        self.assertAlmostEqual(line.merch_costing_margin, 20.0)
