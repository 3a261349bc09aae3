#!/usr/bin/env bash
# Packs the libraries, restores them by version from a local folder into a brand-new web app,
# mounts the API under a prefix and checks that it answers.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'kill "${app_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

version="0.0.0-ci.$(date +%s)"
for project in src/G4F.Backend.Core src/G4F.Backend.AspNetCore src/G4F.Backend.PostgreSql; do
  dotnet pack "$project" -c Release -o "$work/feed" -p:Version="$version" -nologo -v q
done
ls "$work/feed"
for id in G4F.Backend.Core G4F.Backend.AspNetCore G4F.Backend.PostgreSql; do
  test -f "$work/feed/$id.$version.nupkg" || { echo "missing package $id" >&2; exit 1; }
  unzip -p "$work/feed/$id.$version.nupkg" "$id.nuspec" | grep "<license type=\"expression\">MIT</license>" > /dev/null
  unzip -l "$work/feed/$id.$version.nupkg" | grep "README.md" > /dev/null
done

mkdir -p "$work/app" && cd "$work/app"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > app.csproj <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="G4F.Backend.AspNetCore" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > Program.cs <<'CS'
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddG4FBackend(builder.Configuration.GetSection("G4F"))
    .AddOllamaProvider("Local", o => o.BaseUrl = "http://127.0.0.1:9");
var app = builder.Build();
app.MapG4FBackend("/chat");
app.Run();
CS
dotnet build -c Release -nologo -v q -p:TreatWarningsAsErrors=true
G4F__LatestVersionUrl= dotnet bin/Release/net10.0/app.dll --urls "http://127.0.0.1:0" > app.log 2>&1 &
app_pid=$!
base=""
for _ in $(seq 1 150); do
  base=$(grep -m1 -o 'Now listening on: http://[0-9.:]*' app.log | sed 's/Now listening on: //') && [ -n "$base" ] && break
  sleep 0.2
done
[ -n "$base" ] || { cat app.log; echo "the app did not start" >&2; exit 1; }
curl -sf "$base/chat/backend-api/v2/version" > version.json
cat version.json; echo
grep -q "\"version\":\"$version\"" version.json
curl -sf "$base/chat/backend-api/v2/providers" | grep '"name":"Local"' > /dev/null
echo "package smoke test passed ($version)"
