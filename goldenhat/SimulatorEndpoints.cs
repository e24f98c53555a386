namespace HelperPlatform.GoldenHat;

/// <summary>The switches for whoever runs the simulation, under <c>/simulator</c> (no API key: a test harness, not the merchant API).</summary>
internal static class SimulatorEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/simulator/behaviour", (SimulatorBehaviour behaviour) => Results.Ok(behaviour.Current()));
        app.MapPut("/simulator/behaviour", (BehaviourChange change, SimulatorBehaviour behaviour) =>
        {
            try
            {
                behaviour.Apply(change);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Ok(behaviour.Current());
        });
        app.MapGet("/simulator/webhook-endpoint", (WebhookDispatcher webhooks) => Results.Ok(new WebhookEndpointChange(webhooks.Endpoint)));
        app.MapPut("/simulator/webhook-endpoint", (WebhookEndpointChange change, WebhookDispatcher webhooks) =>
        {
            if (change.Url is { IsAbsoluteUri: false })
            {
                return Results.Problem("The webhook URL must be absolute.", statusCode: StatusCodes.Status400BadRequest);
            }

            webhooks.Endpoint = change.Url;
            return Results.Ok(new WebhookEndpointChange(webhooks.Endpoint));
        });
    }
}
