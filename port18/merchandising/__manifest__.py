{
    'name': 'Merchandising',
    'version': '18.0.2.0.0',
    'category': 'Sales',
    'summary': 'Order follow-up (跟单) for export merchandisers: stages, samples, '
               'production chasing, customs and shipping',
    'author': 'Merchandising team',
    'website': 'https://example.com/merchandising',
    'license': 'AGPL-3',
    'depends': [
        'mail',
        'portal',
        'sale_management',
        'sale_stock',
        'stock_delivery',
    ],
    'data': [
        'security/merchandising_security.xml',
        'security/ir.model.access.csv',
        'data/mail_message_subtype_data.xml',
        'data/merchandising_stage_data.xml',
        'views/merchandising_stage_views.xml',
        'views/merchandising_stage_history_views.xml',
        'views/sale_order_views.xml',
        'views/menus.xml',
    ],
    'demo': [
    ],
    'assets': {
        'web.assets_tests': [
            'merchandising/static/tests/tours/*.js',
        ],
    },
    'post_init_hook': 'place_existing_orders',
    'installable': True,
    'application': True,
}
