namespace G4F.Backend.Core.Tests.Search;

/// <summary>Result pages of DuckDuckGo's HTML endpoint, in its real markup.</summary>
internal static class DuckDuckGoPages
{
    /// <summary>
    /// A page as html.duckduckgo.com answers "rust async" (shortened): a sponsored result first, organic results
    /// behind <c>/l/?uddg=</c> redirect links, one direct link, a repeated result, entities in titles and snippets.
    /// </summary>
    public const string RustAsync = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
        <html>
        <head>
          <meta http-equiv="content-type" content="text/html; charset=UTF-8">
          <meta name="referrer" content="origin">
          <title>rust async at DuckDuckGo</title>
          <link rel="stylesheet" href="/dist/h.2b3d1c0e.css" type="text/css">
        </head>
        <body class="body--html">
          <a name="top" id="top"></a>
          <form action="/html/" method="post">
            <input type="text" name="q" class="search__input" value="rust async" autocomplete="off">
            <input name="b" id="search_button_homepage" class="search__button search__button--html" value="" title="Search" alt="Search" type="submit">
            <div class="frm__select"><select name="kl"><option value="" >All Regions</option><option value="us-en" selected>US (English)</option></select></div>
          </form>
          <div>
          <div class="serp__results">
          <div id="links" class="results">

            <div class="result results_links results_links_deep result--ad result--ad--small">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="https://duckduckgo.com/y.js?ad_domain=learn-async.example&amp;ad_provider=bingv7aa&amp;ad_type=txad&amp;u3=https%3A%2F%2Fwww.bing.com%2Faclick%3Fld%3De8">Learn Async Rust Fast - Online Course</a>
                </h2>
                <div class="result__extras"><div class="result__extras__url"><a class="result__url" href="https://duckduckgo.com/y.js?ad_domain=learn-async.example">learn-async.example</a><span class="badge--ad">Ad</span></div></div>
                <a class="result__snippet" href="https://duckduckgo.com/y.js?ad_domain=learn-async.example">Master <b>async</b> in a weekend. Enroll now.</a>
              </div>
            </div>

            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Frust%2Dlang.github.io%2Fasync%2Dbook%2F&amp;rut=6b1a4a0c2f8f5b7e0e5e8f6a3d3c4a1b9e0d1f2a3b4c5d6e7f8091a2b3c4d5e6">Asynchronous Programming in <b>Rust</b></a>
                </h2>
                <div class="result__extras">
                  <div class="result__extras__url">
                    <span class="result__icon">
                      <a rel="nofollow" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Frust%2Dlang.github.io%2Fasync%2Dbook%2F&amp;rut=6b1a">
                        <img class="result__icon__img" width="16" height="16" alt="" src="//external-content.duckduckgo.com/ip3/rust-lang.github.io.ico" name="i15" />
                      </a>
                    </span>
                    <a class="result__url" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Frust%2Dlang.github.io%2Fasync%2Dbook%2F&amp;rut=6b1a">
                      rust-lang.github.io/async-book/
                    </a>
                  </div>
                </div>
                <a class="result__snippet" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Frust%2Dlang.github.io%2Fasync%2Dbook%2F&amp;rut=6b1a">Getting Started. Welcome to <b>Asynchronous</b> Programming in <b>Rust</b>! If you&#x27;re looking to start writing <b>asynchronous</b>
                  <b>Rust</b> code, you&#x27;ve come to the right place.</a>
                <div class="clear"></div>
              </div>
            </div>

            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Ftokio.rs%2Ftokio%2Ftutorial%3Flang%3Den%26v%3D1&amp;rut=0a9b">Tutorial | Tokio - An asynchronous <b>Rust</b> runtime</a>
                </h2>
                <a class="result__snippet" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Ftokio.rs%2Ftokio%2Ftutorial&amp;rut=0a9b">Tokio is an <b>asynchronous</b> runtime for the <b>Rust</b> programming language &amp; more.</a>
              </div>
            </div>

            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="https://doc.rust-lang.org/std/keyword.async.html">async - <b>Rust</b></a>
                </h2>
                <a class="result__snippet">Use <b>async</b> in front of fn, closure, or a block to turn the marked code into a Future.</a>
              </div>
            </div>

            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Frust%2Dlang.github.io%2Fasync%2Dbook%2F&amp;rut=ffff">Asynchronous Programming in Rust (again)</a>
                </h2>
                <a class="result__snippet">The same page a second time.</a>
              </div>
            </div>

            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title">
                  <a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=ftp%3A%2F%2Ffiles.example%2Fasync.tar&amp;rut=1">async.tar</a>
                </h2>
              </div>
            </div>

            <div class="nav-link">
              <form action="/html/" method="post">
                <input type="submit" class="btn btn--alt" value="Next" />
                <input type="hidden" name="q" value="rust async" />
                <input type="hidden" name="s" value="10" />
                <input type="hidden" name="dc" value="11" />
              </form>
            </div>
          </div>
          </div>
          </div>
        </body>
        </html>
        """;

    /// <summary>What DuckDuckGo answers when it found nothing.</summary>
    public const string NoResults = G4F.Backend.Testing.FakeSearchEngine.NoResultsHtml;

    /// <summary>DuckDuckGo's bot check page (status 202).</summary>
    public const string BotCheck = """
        <html><body><div class="anomaly-modal__mask"><div class="anomaly-modal__modal">
          <form id="challenge-form" action="//duckduckgo.com/anomaly.js?sv=html" method="POST">
            <div class="anomaly-modal__title">Unfortunately, bots use DuckDuckGo too.</div>
          </form>
        </div></div></body></html>
        """;
}
