# One image for every HelperPlatform service; Platform__Contexts picks the bounded contexts a container runs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig HelperPlatform.sln ./
COPY workflows/ workflows/
COPY activities/ activities/
COPY devserver/ devserver/
COPY contractor/ contractor/
COPY goldenhat/ goldenhat/
COPY host/ host/
COPY docs/examples/ docs/examples/
RUN dotnet publish host/HelperPlatform.Host.csproj --configuration Release --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "HelperPlatform.Host.dll"]
