"""What the tests of production chasing (T&A) start from, on top of the
follow-up's users and customer: the standard T&A template, and helpers to
make a template, read a plan in order and translate a mail template."""
from odoo import Command

from merchandising_case import MerchandisingCase


class TnaCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default_template = cls.env.ref('merchandising.milestone_template_default')
        cls.company = cls.env.company

    def _template(self, lines, **vals):
        """A template of (name, offset, critical[, anchor]) lines."""
        vals.setdefault('name', 'Test T&A')
        vals.setdefault('sequence', 1)
        vals['line_ids'] = [Command.create({
            'name': line[0], 'offset_days': line[1], 'is_critical': line[2],
            'anchor': line[3] if len(line) > 3 else 'ex_factory', 'sequence': index})
            for index, line in enumerate(lines)]
        return self.env['merchandising.milestone.template'].create(vals)

    def _plan(self, order):
        return order.merch_milestone_ids.sorted(lambda m: (m.sequence, m.id))

    def _translate(self, template, lang, **fields):
        """Translate fields of a mail template into ``lang``, as a translator
        would in the .po file: {field: {English text: translated text}}."""
        self.env['res.lang']._activate_lang(lang)
        for name, replacements in fields.items():
            field = template._fields[name]
            if field.translate is True:     # translated whole (the subject, the body)
                translation = self._replace_all(template[name], replacements)
            else:                           # translated term by term
                translation = {term: self._replace_all(term, replacements)
                               for term in field.get_trans_terms(template[name])
                               if any(english in term for english in replacements)}
            template.update_field_translations(name, {lang: translation})

    @staticmethod
    def _replace_all(text, replacements):
        for english, translated in replacements.items():
            text = text.replace(english, translated)
        return text
