import { registry } from "@web/core/registry";

// My Follow-up: the overdue milestones tile shows in red with its figure;
// a click on it opens the milestones behind it.
registry.category("web_tour.tours").add("merchandising_cockpit", {
    url: "/odoo/merchandising-follow-up",
    steps: () => [
        {
            content: "The tile counts the overdue milestone and shows in red",
            trigger: ".o_merch_cockpit .o_kanban_record:contains('Overdue Milestones') .o_merch_tile_alert:contains('1')",
        },
        {
            content: "Open the list behind the tile",
            trigger: ".o_merch_cockpit .o_kanban_record:contains('Overdue Milestones')",
            run: "click",
        },
        {
            content: "The overdue milestone is there, under the tile's name",
            trigger: ".o_breadcrumb:contains('Overdue Milestones')",
        },
        {
            trigger: ".o_kanban_record:contains('Tour fabric in-house')",
        },
    ],
});
