package io.github.sipgatesms.keycloak.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.testframework.ui.webdriver.AbstractWebDriverSupplier;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Browser supplier {@code chromium-headless} ({@code kc.test.browser}): the framework's {@code chrome-headless}
 * (same arguments and capabilities) with the browser and its driver found where they are installed
 * ({@link Browsers}); where none is found, Selenium Manager looks for them (and may fetch them, network allowing).
 */
public final class ChromiumWebDriverSupplier extends AbstractWebDriverSupplier {

    private static final Logger LOG = Logger.getLogger(ChromiumWebDriverSupplier.class);

    @Override
    public String getAlias() {
        return "chromium-headless";
    }

    @Override
    public WebDriver getWebDriver() {
        Browsers.Found found = Browsers.find(System.getenv(), System.getProperties());
        LOG.debugf("browser %s, driver %s", found.browser(), found.driver());
        ChromeOptions options = new ChromeOptions();
        options.setCapability("pageLoadStrategy", PageLoadStrategy.NORMAL.toString());
        options.setCapability("timeouts", Map.of("implicit", Duration.ofSeconds(5).toMillis()));
        options.addArguments("--headless=new", "--disable-gpu", "--window-size=1920,1200", "--ignore-certificate-errors",
            "--disable-dev-shm-usage", "--remote-allow-origins=*", "--no-sandbox");
        found.browser().map(Path::toFile).ifPresent(options::setBinary);
        ChromeDriverService.Builder service = new ChromeDriverService.Builder();
        found.driver().map(Path::toFile).ifPresent(service::usingDriverExecutable);
        return new ChromeDriver(service.build(), options);
    }
}
