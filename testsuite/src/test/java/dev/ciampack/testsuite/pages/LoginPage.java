package dev.ciampack.testsuite.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Keycloak's username-and-password page (keycloak.v2 and the ciam theme). */
public final class LoginPage {

    private final WebDriver driver;

    public LoginPage(WebDriver driver) {
        this.driver = driver;
    }

    public String title() {
        return driver.findElement(By.id("kc-page-title")).getText().trim();
    }

    public List<String> stylesheets() {
        return driver.findElements(By.cssSelector("link[rel=stylesheet]")).stream()
                .map(e -> e.getAttribute("href")).toList();
    }

    public void signIn(String username, String password) {
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }
}
