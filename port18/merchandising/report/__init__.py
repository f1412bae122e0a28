from . import sale_order_tna_xlsx
