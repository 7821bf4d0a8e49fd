# The API, built from source. Untested here (no Docker engine on the build machines); see README.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY seed-data /app/seed-data
ENV Urls=http://+:8080 \
    Seed__Directory=/app/seed-data
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "SocialEconomy.Api.dll"]
