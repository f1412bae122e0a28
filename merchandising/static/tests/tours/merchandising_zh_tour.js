import { registry } from "@web/core/registry";

// A Chinese-speaking merchandiser reads the client in Chinese: the app and
// its menus, the pipeline's stages, the order form's tabs and labels.
registry.category("web_tour.tours").add("merchandising_zh", {
    steps: () => [
        {
            content: "The app is 跟单, its menus in Chinese",
            trigger: ".o_main_navbar .o_menu_brand:contains('跟单')",
        },
        {
            trigger: ".o_main_navbar .o_menu_sections:contains('样品')",
        },
        {
            content: "The pipeline is 跟单看板",
            trigger: ".o_control_panel .o_breadcrumb:contains('跟单看板')",
        },
        {
            content: "The stages: 询盘 (Enquiry), 生产 (Production), not the English",
            trigger: ".o_kanban_group .o_column_title:contains('询盘')",
        },
        {
            trigger: ".o_kanban_group .o_column_title:contains('生产')",
        },
        {
            trigger: "body:not(:has(.o_kanban_group .o_column_title:contains('Enquiry')))",
        },
        {
            content: "Open the order",
            trigger: ".o_kanban_record:contains('上海测试客户')",
            run: "click",
        },
        {
            content: "The T&A tab",
            trigger: ".o_notebook a[name=merch_tna]:contains('生产进度（T&A）')",
            run: "click",
        },
        {
            trigger: ".o_notebook .tab-pane.active .o_form_label:contains('出厂日期')",
        },
        {
            trigger: ".o_notebook .tab-pane.active .o_form_label:contains('状况')",
        },
        {
            content: "The Merchandising tab: the merchandiser is 跟单员",
            trigger: ".o_notebook a[name=merchandising]",
            run: "click",
        },
        {
            trigger: ".o_notebook .tab-pane.active .o_form_label:contains('跟单员')",
        },
    ],
});
