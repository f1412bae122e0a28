"""Chinese merchandisers read the addon in Chinese: every term of the addon is
in the template and translated in zh_CN.po."""
import io
import re
from pathlib import Path

import polib

from odoo.tools.translate import trans_export

from merchandising_case import MerchandisingCase

I18N = Path(__file__).resolve().parent.parent / 'merchandising' / 'i18n'
# Terms that read the same in Chinese (codes, an example, Chinese already):
# OCA's PO check wants them untranslated rather than copied.
SAME_IN_CHINESE = {
    '20GP', '40GP', '40HQ', 'ID', '<span>.</span>',
    'NORDIC OUTDOOR\nPO NO.:\nC/NO.: 1-UP\nMADE IN CHINA',
    '品名|织造方法|种类|成分含量|品牌类型|出口享惠情况',
    '<span invisible="merch_factory_milestone_count">–</span>\n                            /',
    '<span invisible="merch_receipt_count">–</span>', '<span> %</span>',
    '%(name)s v%(version)s', '1 %(currency)s = %(rate)s %(cost_currency)s', '<span> v</span>',
}


class TestChineseTranslation(MerchandisingCase):

    def test_the_template_holds_every_term_of_the_installed_addon(self):
        buffer = io.BytesIO()
        trans_export(False, ['merchandising'], buffer, 'po', self.env.cr)
        exported = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode()) if entry.msgid}
        template = {entry.msgid for entry in polib.pofile(str(I18N / 'merchandising.pot')) if entry.msgid}
        self.assertEqual(exported - template, set(), 'terms missing from merchandising.pot: run make pot (README)')

    def test_every_term_is_translated_with_its_placeholders(self):
        template = polib.pofile(str(I18N / 'merchandising.pot'))
        chinese = {entry.msgid: entry for entry in polib.pofile(str(I18N / 'zh_CN.po'))}
        terms = [entry.msgid for entry in template if entry.msgid and entry.msgid not in SAME_IN_CHINESE]
        self.assertGreater(len(terms), 600)
        self.assertEqual([term for term in terms if not (chinese.get(term) and chinese[term].msgstr)], [])
        self.assertEqual([term for term in terms if 'fuzzy' in chinese[term].flags], [])
        placeholder = re.compile(r'%\(\w+\)s|%[sd]|\{\{.*?\}\}')
        wrong = [term for term in terms
                 if sorted(placeholder.findall(term)) != sorted(placeholder.findall(chinese[term].msgstr))]
        self.assertEqual(wrong, [])

    def test_the_pipeline_reads_in_chinese(self):
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(['merchandising'], ['zh_CN'], overwrite=True)
        stage = self.env.ref('merchandising.stage_enquiry').with_context(lang='zh_CN')
        self.assertEqual(stage.name, '询盘')
        fields = self.env['sale.order'].with_context(lang='zh_CN').fields_get(['merchandiser_id', 'ex_factory_date'])
        self.assertEqual(fields['merchandiser_id']['string'], '跟单员')
        self.assertEqual(fields['ex_factory_date']['string'], '出厂日期')
