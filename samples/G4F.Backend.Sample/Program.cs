var builder = WebApplication.CreateBuilder(args);
builder.Services.AddG4FBackend(builder.Configuration.GetSection("G4F"));

var app = builder.Build();
app.MapG4FBackend();
app.Run();
