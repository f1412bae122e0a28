import { registry } from "@web/core/registry";

// The buyer wants a price: the merchandiser opens the costing from the
// quotation line, enters the fabric and the margin wanted, saves and
// applies it; back on the quotation, the line has the new price.
registry.category("web_tour.tours").add("merchandising_costing", {
    steps: () => [
        {
            content: "Open the line's costing sheet",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Tour parka') .o_merch_costing_button",
            run: "click",
        },
        {
            content: "A new sheet for the line, prefilled",
            trigger: ".o_form_view .o_field_widget[name=product_id] input:value(Tour parka)",
        },
        {
            content: "Add a component",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=product_id] input",
            run: "edit Tour poplin",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour poplin')",
            run: "click",
        },
        {
            content: "Its price comes from the product",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=unit_price] input:value(4.0000)",
        },
        {
            content: "The margin wanted",
            trigger: ".o_field_widget[name=margin_percent] input",
            run: "edit 20",
        },
        {
            content: "Save the sheet",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "4.00 ÷ (1 − 20 %) = 5.00 FOB",
            trigger: ".o_form_saved .o_field_widget[name=unit_price]:contains('5.00')",
        },
        {
            content: "Apply it to the quotation",
            trigger: ".o_form_view button[name=action_apply]",
            run: "click",
        },
        {
            content: "The sheet is applied",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Applied')",
        },
        {
            content: "Back to the quotation",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            content: "The line has the sheet's price",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Tour parka') td[name=price_unit]:contains('5.00')",
        },
    ],
});
