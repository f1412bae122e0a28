{
    'name': 'Merchandising',
    'version': '11.0.1.1.0',
    'category': 'Sales',
    'summary': 'Order follow-up (跟单) for export merchandisers: stages, samples, '
               'production chasing, customs and shipping',
    'description': """
Merchandising (跟单)
====================

Follow every export sale order from enquiry to shipment so that it ships on
time:

* a follow-up pipeline on sale orders, one kanban board per merchandiser,
  with days in stage, a stage history and gates that refuse a stage while
  something is missing;
* key customers flagged on the partner and shown on every order;
* samples (proto, fit, pre-production, shipping, catalogues) with rounds,
  courier tracking and the customer's approval, also from the portal; an
  order may not enter Production before its PP sample is approved;
* production chasing: a Time & Action plan per order planned back from the
  ex-factory date, delays pushed along the critical path to a forecast ship
  date, and a daily chase list (to-dos, a digest e-mail, a timeline, an
  Excel plan for the factory);
* export customs and shipping: HS codes and declaration elements, customs
  status, containers, B/L, shipping marks, documents, and the commercial
  invoice, packing list and declaration draft;
* the on-time delivery rate (交期达成率) by merchandiser, customer, factory
  and delay cause, and a *My Follow-up* cockpit for each merchandiser.
""",
    'author': 'Merchandising team',
    'website': 'https://example.com/merchandising',
    'license': 'AGPL-3',
    'depends': [
        'mail',
        'portal',
        'sale_management',
        'sale_stock',
        'sale_order_dates',
        'delivery',
        'product_harmonized_system_delivery',
        'report_xlsx',
        'web_timeline',
        'web_responsive',
    ],
    'data': [
        'security/merchandising_security.xml',
        'security/ir.model.access.csv',
        'data/mail_message_subtype_data.xml',
        'data/merchandising_stage_data.xml',
        'data/merchandising_sample_type_data.xml',
        'data/ir_sequence_data.xml',
        'data/mail_template_data.xml',
        'data/merchandising_milestone_template_data.xml',
        'data/ir_cron_data.xml',
        'data/merchandising_trade_mode_data.xml',
        'data/merchandising_document_type_data.xml',
        'data/merchandising_cockpit_tile_data.xml',
        'views/merchandising_stage_views.xml',
        'views/merchandising_sample_type_views.xml',
        'views/merchandising_sample_views.xml',
        'views/merchandising_portal_templates.xml',
        'views/merchandising_milestone_template_views.xml',
        'views/merchandising_milestone_views.xml',
        'views/merchandising_stage_history_views.xml',
        'views/res_company_views.xml',
        'views/res_partner_views.xml',
        'views/hs_code_views.xml',
        'views/merchandising_trade_mode_views.xml',
        'views/merchandising_document_type_views.xml',
        'views/merchandising_customs_reset_views.xml',
        'views/stock_picking_views.xml',
        'views/product_template_views.xml',
        'views/sale_order_views.xml',
        'report/merchandising_otd_report_views.xml',
        'views/merchandising_cockpit_tile_views.xml',
        'views/menus.xml',
        'views/assets.xml',
        'report/sale_order_tna_reports.xml',
        'report/sale_order_export_documents.xml',
    ],
    'demo': [
        'demo/res_users_demo.xml',
        'demo/res_partner_demo.xml',
        'demo/product_demo.xml',
        'demo/sale_order_demo.xml',
        'demo/merchandising_sample_demo.xml',
        'demo/merchandising_milestone_demo.xml',
        'demo/sale_order_history_demo.xml',
    ],
    'post_init_hook': 'place_existing_orders',
    'installable': True,
    'application': True,
}
