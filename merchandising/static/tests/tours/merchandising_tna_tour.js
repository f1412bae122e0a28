import { registry } from "@web/core/registry";
const { DateTime } = luxon;

// The factory called: the fabric was ordered on the day planned. The
// merchandiser records the actual date on the order's T&A tab, and the
// order's forecast and health follow at once.
registry.category("web_tour.tours").add("merchandising_tna_actual_date", {
    steps: () => [
        {
            content: "Open the T&A tab",
            trigger: ".o_notebook a[name=merch_tna]",
            run: "click",
        },
        {
            content: "The order is forecast late",
            trigger: ".o_field_widget[name=merch_health]:contains('Forecast Late')",
        },
        {
            content: "The overdue milestone's actual date",
            trigger: ".o_field_widget[name=merch_milestone_ids] .o_data_row:contains('Materials ordered') td[name=actual_date]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=merch_milestone_ids] .o_selected_row td[name=actual_date] input",
            run: `edit ${DateTime.now().minus({ days: 10 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Save the order",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The milestone is done",
            trigger: ".o_field_widget[name=merch_milestone_ids] .o_data_row:contains('Materials ordered') td[name=state]:contains('Done')",
        },
        {
            content: "The order is on track again",
            trigger: ".o_field_widget[name=merch_health]:contains('On Track')",
        },
    ],
});

// The T&A timeline draws the plan's network: an arrow from each milestone
// to what waits for it.
registry.category("web_tour.tours").add("merchandising_tna_timeline_arrows", {
    steps: () => [
        {
            content: "The milestones on the timeline",
            trigger: ".oe_timeline_view .vis-item:contains('Materials in-house')",
        },
        {
            content: "An arrow between two of them",
            trigger: ".oe_timeline_view svg.oe_timeline_view_canvas > polyline",
        },
    ],
});
