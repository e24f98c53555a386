using System.Text.Json.Nodes;

namespace HelperPlatform.Tests.Management;

/// <summary>Service type trees in the format of docs/service-types.md, as mutable JSON so a test can break one thing.</summary>
internal static class ServiceTypeTrees
{
    /// <summary>The documented example: supplies picked and handed over, a worker matched, check-in, photos, a sampled review.</summary>
    public static JsonObject Valid() => JsonNode.Parse("""
        {
          "properties": {
            "description": "A box of fresh cookies delivered and served at the client's office.",
            "currency": "EUR",
            "basePrice": 45.00,
            "surcharges": [
              { "id": "short-notice", "rule": "shortNotice", "noticeUnder": "PT24H", "percent": 12.5, "rounding": "halfUp" },
              { "id": "weekend", "rule": "weekend", "amount": 10.00 }
            ],
            "timeZone": "Europe/Berlin",
            "supplies": [ { "sku": "COOKIE-BOX-12", "quantity": 2 } ],
            "skill": "cookie-delivery",
            "workerPayout": 30.00,
            "qualitySamplingPercent": 10,
            "matchingDeadline": "PT4H",
            "offerDeadline": "PT15M"
          },
          "sequence": [
            { "id": "pick", "componentType": "task", "type": "pickSupplies", "name": "Pick the cookie kit", "properties": {} },
            { "id": "match", "componentType": "task", "type": "matchWorker", "name": "Find a worker", "properties": {} },
            { "id": "handover", "componentType": "task", "type": "handOver", "name": "Hand the kit to the worker", "properties": {} },
            { "id": "arrive", "componentType": "task", "type": "checkIn", "name": "Check in on site", "properties": { "radiusMeters": 200 } },
            {
              "id": "photos", "componentType": "task", "type": "photoReport", "name": "Photos of the served cookies",
              "properties": { "minPhotos": 2, "maxPhotos": 10 }
            },
            {
              "id": "review", "componentType": "switch", "type": "qualityReview", "name": "Quality review",
              "properties": { "photoReportStepId": "photos" },
              "branches": {
                "Pass": [],
                "Fail": [
                  { "id": "cool-down", "componentType": "task", "type": "wait", "name": "Give quality control a day", "properties": { "duration": "P1D" } }
                ]
              }
            }
          ]
        }
        """)!.AsObject();

    public static JsonObject Step(JsonObject tree, string path) => TestSetTrees.Step(tree, path);
}
