using System.Text.Json.Nodes;

namespace HelperPlatform.Tests.Management;

/// <summary>Test set trees in the format of docs/test-sets.md, as mutable JSON so a test can break one thing.</summary>
internal static class TestSetTrees
{
    /// <summary>Codes and skills are unique per test, since one skill is published by one test set only.</summary>
    public static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A valid set: a quiz, a branch sending a failed quiz to a remedial quiz, a practical task.</summary>
    public static JsonObject Valid(string skill) => JsonNode.Parse($$"""
        {
          "properties": { "skill": "{{skill}}", "attemptsPerTest": 3, "deadline": "P14D" },
          "sequence": [
            {
              "id": "basics-quiz", "componentType": "task", "type": "quiz", "name": "Cookie basics",
              "properties": {
                "passScore": 2,
                "questions": [
                  {
                    "id": "q1", "text": "How do cookies travel to the client?", "points": 1,
                    "choices": [ { "id": "a", "text": "In the sealed kit box" }, { "id": "b", "text": "In a pocket" } ],
                    "correctChoiceIds": [ "a" ]
                  },
                  {
                    "id": "q2", "text": "What do you do on arrival? Pick every right answer.", "points": 2,
                    "choices": [
                      { "id": "a", "text": "Check in through the app" },
                      { "id": "b", "text": "Photograph the kit" },
                      { "id": "c", "text": "Taste a cookie" }
                    ],
                    "correctChoiceIds": [ "a", "b" ]
                  }
                ]
              }
            },
            {
              "id": "basics-check", "componentType": "switch", "type": "branchOnResult", "name": "Passed the basics?",
              "properties": { "testStepId": "basics-quiz" },
              "branches": {
                "Pass": [],
                "Fail": [
                  {
                    "id": "basics-remedial", "componentType": "task", "type": "quiz", "name": "Cookie basics, second chance",
                    "properties": {
                      "passScore": 1,
                      "questions": [
                        {
                          "id": "q1", "text": "Where do the cookies stay until handover?", "points": 1,
                          "choices": [ { "id": "a", "text": "In the sealed kit box" }, { "id": "b", "text": "On the dashboard" } ],
                          "correctChoiceIds": [ "a" ]
                        }
                      ]
                    }
                  }
                ]
              }
            },
            {
              "id": "delivery-practice", "componentType": "task", "type": "practicalTask", "name": "Deliver a test kit",
              "properties": { "instructions": "Deliver the kit to the office reception and send the photo report.", "maxScore": 10, "passScore": 7 }
            }
          ]
        }
        """)!.AsObject();

    public static JsonObject Step(JsonObject tree, string path)
    {
        JsonNode node = tree;
        foreach (var part in path.Split('/'))
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        return node.AsObject();
    }
}
