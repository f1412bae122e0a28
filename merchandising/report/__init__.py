from . import merchandising_costing_xlsx
from . import merchandising_otd_report
from . import sale_order_tna_xlsx
from . import merchandising_factory_otd_report
