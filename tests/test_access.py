"""Who sees and changes what, tested as each user through the ORM."""
from odoo.exceptions import AccessError

from merchandising_case import MerchandisingCase


class TestOrderAccess(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Orders of the salesperson's team, followed by one merchandiser
        # each; the creating user (admin) is not one of them.
        cls.mine = cls._order_for(cls.merchandiser)
        cls.theirs = cls._order_for(cls.other_merchandiser)

    @classmethod
    def _order_for(cls, merchandiser):
        return cls.env['sale.order'].create({
            'partner_id': cls.customer.id, 'user_id': cls.salesperson.id, 'merchandiser_id': merchandiser.id})

    def test_a_merchandiser_reads_and_moves_their_own_orders(self):
        mine = self.mine.with_user(self.merchandiser)
        self.assertEqual(mine.read(['merch_stage_id'])[0]['merch_stage_id'][0], self.stage['enquiry'].id)
        mine.write({'merch_stage_id': self.stage['sampling'].id})
        self.assertEqual(self.mine.merch_stage_id, self.stage['sampling'])

    def test_a_merchandiser_cannot_read_a_colleagues_order(self):
        theirs = self.theirs.with_user(self.merchandiser)
        with self.assertRaises(AccessError):
            theirs.read(['name'])
        with self.assertRaises(AccessError):
            theirs.write({'merch_stage_id': self.stage['sampling'].id})
        visible = self.env['sale.order'].with_user(self.merchandiser).search([('partner_id', '=', self.customer.id)])
        self.assertEqual(visible, self.mine)
        # Nor its history.
        with self.assertRaises(AccessError):
            self.theirs.merch_stage_history_ids.with_user(self.merchandiser).read(['stage_id'])

    def test_a_merchandiser_following_an_order_sees_it(self):
        self.theirs.message_subscribe(partner_ids=[self.merchandiser.partner_id.id])
        self.assertEqual(self.theirs.with_user(self.merchandiser).read(['name'])[0]['name'], self.theirs.name)
        self.assertTrue(self.theirs.merch_stage_history_ids.with_user(self.merchandiser).read(['stage_id']))

    def test_the_manager_sees_and_moves_every_order(self):
        orders = self.env['sale.order'].with_user(self.manager).search([('partner_id', '=', self.customer.id)])
        self.assertEqual(orders, self.mine | self.theirs)
        self.theirs.with_user(self.manager).write({'merch_stage_id': self.stage['sampling'].id})
        self.assertEqual(self.theirs.merch_stage_id, self.stage['sampling'])

    def test_the_salesperson_keeps_their_orders(self):
        # Sale's own rule still applies: the salesperson sees what they sell,
        # merchandising fields included.
        orders = self.env['sale.order'].with_user(self.salesperson).search([('partner_id', '=', self.customer.id)])
        self.assertEqual(orders, self.mine | self.theirs)
        values = orders.read(['merch_stage_id', 'merchandiser_id', 'merch_stage_history_ids'])
        self.assertEqual(len(values), 2)
        self.assertEqual(len(orders.merch_stage_history_ids.read(['stage_id'])), 2)

    def test_nobody_rewrites_the_stage_history(self):
        line = self.mine.merch_stage_history_ids
        for user in (self.merchandiser, self.manager):
            with self.assertRaises(AccessError):
                line.with_user(user).write({'date_in': '2020-01-01 00:00:00'})
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env['merchandising.stage.history'].with_user(user).create({
                    'order_id': self.mine.id, 'stage_id': self.stage['closed'].id})
        self.assertEqual(line.with_user(self.merchandiser).read(['stage_id'])[0]['stage_id'][0],
                         self.stage['enquiry'].id)


class TestStageConfiguration(MerchandisingCase):

    def test_a_merchandiser_cannot_configure_stages(self):
        stages = self.env['merchandising.stage'].with_user(self.merchandiser)
        self.assertEqual(stages.search([]).mapped('name')[0], 'Enquiry')
        with self.assertRaises(AccessError):
            stages.create({'name': 'Waiting for payment'})
        with self.assertRaises(AccessError):
            self.stage['sampling'].with_user(self.merchandiser).write({'name': 'Samples'})
        with self.assertRaises(AccessError):
            self.stage['sampling'].with_user(self.merchandiser).unlink()

    def test_the_manager_configures_stages(self):
        stage = self.env['merchandising.stage'].with_user(self.manager).create({
            'name': 'Waiting for payment', 'sequence': 95})
        stage.write({'fold': True})
        self.stage['sampling'].with_user(self.manager).write({'name': 'Samples'})
        self.assertEqual(self.stage['sampling'].name, 'Samples')
        self.assertIn(stage, self.env['merchandising.stage'].search([]))

    def test_a_stage_of_another_company_is_invisible(self):
        other_company = self.env['res.company'].create({'name': 'Ningbo Branch'})
        branch_stage = self.env['merchandising.stage'].create({
            'name': 'Branch QC', 'company_id': other_company.id})
        visible = self.env['merchandising.stage'].with_user(self.merchandiser).search([])
        self.assertNotIn(branch_stage, visible)
        self.assertIn(self.stage['enquiry'], visible)
