# The API, built from source. Untested here (no Docker engine on the build machines); see README.

# The browser apps (GraphiQL and the explorer) are built with Node, which the .NET SDK image does not have.
FROM node:20-bookworm-slim AS client
WORKDIR /src/src/Api
COPY src/Api/ClientApp/package.json src/Api/ClientApp/package-lock.json ClientApp/
COPY src/Api/ExplorerApp/package.json src/Api/ExplorerApp/package-lock.json ExplorerApp/
RUN cd ClientApp && npm ci && cd ../ExplorerApp && npm ci
COPY src/Api/ClientApp/ ClientApp/
COPY src/Api/ExplorerApp/ ExplorerApp/
RUN cd ClientApp && npm run build && cd ../ExplorerApp && npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
COPY --from=client /src/src/Api/wwwroot src/Api/wwwroot
# The clients are already built: publish takes the files from wwwroot/ without running npm.
RUN dotnet publish src/Api -c Release -o /app -p:SkipClientApp=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the health check only: the aspnet image has neither curl nor wget.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY seed-data /app/seed-data
ENV Urls=http://+:8080 \
    Seed__Directory=/app/seed-data
EXPOSE 8080
# The image's own unprivileged user (uid 1654), never root.
USER app
# /healthz answers while the process runs; /readyz also checks the store (docker-compose.yml uses it).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--output", "/dev/null", "http://localhost:8080/healthz"]
ENTRYPOINT ["dotnet", "SocialEconomy.Api.dll"]
