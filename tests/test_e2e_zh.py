"""In a real browser: a merchandiser whose language is Chinese reads the web
client in Chinese — the app, its menus, the pipeline's stages and the order
form's labels — from the addon's zh_CN.po."""
from odoo import Command

from tour_case import TourCase


class TestChineseInTheBrowser(TourCase):

    def test_merchandiser_reads_chinese(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        env['res.lang']._activate_lang('zh_CN')
        env['ir.module.module']._load_module_terms(['merchandising'], ['zh_CN'], overwrite=True)
        merchandiser = self._merchandiser('王伟', 'tour_zh', lang='zh_CN')
        customer = env['res.partner'].create({'name': '上海测试客户', 'is_company': True})
        product = env['product.product'].create({'name': 'Cotton tee', 'type': 'consu'})
        order = env['sale.order'].create({
            'partner_id': customer.id, 'user_id': merchandiser.id,
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 100})]})
        order.action_confirm()
        self.start_tour('/odoo/merchandising-pipeline', 'merchandising_zh', login='tour_zh')
