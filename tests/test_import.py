"""Importing milestones and samples through Odoo's standard import
(``load()``, what Import in the list view calls): a file with some bad rows
reports each bad row, and nothing of the file is imported."""
from merchandising_case import MerchandisingCase


class TestImport(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super(TestImport, cls).setUpClass()
        cls.order = cls.env['sale.order'].create({
            'name': 'SO-IMPORT-1', 'partner_id': cls.customer.id, 'user_id': cls.salesperson.id,
            'merchandiser_id': cls.merchandiser.id, 'date_order': '2026-11-02 08:00:00'})
        cls.other_customer = cls.env['res.partner'].create({
            'name': 'Dune Outfitters LLC', 'is_company': True, 'customer': True})

    def _load(self, model, fields, rows):
        """Import as the merchandiser, as they would from a spreadsheet;
        return the ids and {row index: [messages]} of the errors."""
        Model = self.env[model].sudo(self.merchandiser)
        before = Model.search_count([])
        result = Model.load(fields, rows)
        errors = {}
        for message in result['messages']:
            if message['type'] == 'error':
                errors.setdefault(message['record'], []).append(message['message'])
        self.assertEqual(Model.search_count([]), before if result['ids'] is False else before + len(rows))
        return result['ids'], errors

    def test_milestones_with_bad_rows_import_nothing_and_name_each_row(self):
        fields = ['order_id', 'name', 'planned_date', 'revised_date', 'state']
        rows = [
            ['SO-IMPORT-1', 'Fabric in-house', '2026-12-01', '', 'pending'],               # 0 good
            ['SO-IMPORT-1', 'Trims in-house', '2026-12-35', '', 'pending'],                # 1 no such date
            ['SO-NOWHERE', 'Dyeing', '2026-12-03', '', 'pending'],                         # 2 no such order
            ['SO-IMPORT-1', '', '2026-12-04', '', 'pending'],                              # 3 no name
            ['SO-IMPORT-1', 'Cutting', '2026-12-05', '2026-10-01', 'pending'],             # 4 promised before the order
            ['SO-IMPORT-1', 'Sewing', '2026-12-06', '', 'finished'],                       # 5 no such state
            ['SO-IMPORT-1', 'Packing', '2026-12-07', '', 'pending'],                       # 6 good
        ]
        ids, errors = self._load('merchandising.milestone', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2, 3, 4, 5])
        self.assertIn('2026-12-35', ' '.join(errors[1]))
        self.assertIn('SO-NOWHERE', ' '.join(errors[2]))
        self.assertIn('Milestone', ' '.join(errors[3]))
        self.assertIn('revised date 2026-10-01 is before the order date', ' '.join(errors[4]))
        self.assertIn('finished', ' '.join(errors[5]))
        self.assertFalse(self.order.merch_milestone_ids)
        # The same file without its bad rows imports whole.
        ids, errors = self._load('merchandising.milestone', fields, [rows[0], rows[6]])
        self.assertEqual(errors, {})
        self.assertEqual(self.order.merch_milestone_ids.mapped('name'), ['Fabric in-house', 'Packing'])

    def test_samples_with_bad_rows_import_nothing_and_name_each_row(self):
        fields = ['order_id', 'partner_id', 'type_id', 'quantity', 'tracking_ref']
        rows = [
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Pre-production (PP)', '2', 'UPS-1'],     # 0 good
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Unicorn Sample', '2', 'UPS-2'],          # 1 no such type
            ['SO-IMPORT-1', 'Dune Outfitters LLC', 'Fit', '1', 'UPS-3'],                   # 2 another customer's order
            ['', '', 'Proto', '1', 'UPS-4'],                                               # 3 no customer
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Fit', 'three', 'UPS-5'],                 # 4 not a number
            ['', 'Dune Outfitters LLC', 'Proto', '1', 'UPS-6'],                            # 5 good
        ]
        ids, errors = self._load('merchandising.sample', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2, 3, 4])
        self.assertIn('Unicorn Sample', ' '.join(errors[1]))
        self.assertIn("the customer must be the order's customer", ' '.join(errors[2]))
        self.assertIn('Customer', ' '.join(errors[3]))
        self.assertIn('three', ' '.join(errors[4]))
        self.assertFalse(self.env['merchandising.sample'].search([('tracking_ref', 'like', 'UPS-')]))
        ids, errors = self._load('merchandising.sample', fields, [rows[0], rows[5]])
        self.assertEqual(errors, {})
        self.assertEqual(len(ids), 2)
