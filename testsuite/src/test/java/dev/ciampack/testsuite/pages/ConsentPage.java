package dev.ciampack.testsuite.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The pack's consent step ({@code ciam-consent.ftl}). */
public final class ConsentPage {

    private final WebDriver driver;

    public ConsentPage(WebDriver driver) {
        this.driver = driver;
    }

    public boolean isShown() {
        return !driver.findElements(By.id("ciam-consent-form")).isEmpty();
    }

    public String title() {
        return driver.findElement(By.id("kc-page-title")).getText().trim();
    }

    public List<String> purposeTitles() {
        return driver.findElements(By.cssSelector(".ciam-consent-title")).stream().map(WebElement::getText).toList();
    }

    public boolean isTicked(String purposeId) {
        return driver.findElement(By.id("purpose_" + purposeId)).isSelected();
    }

    public ConsentPage tick(String purposeId) {
        WebElement box = driver.findElement(By.id("purpose_" + purposeId));
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    public void save() {
        driver.findElement(By.id("ciam-consent-save")).click();
    }

    public void acceptAll() {
        driver.findElement(By.id("ciam-consent-accept-all")).click();
    }

    public void rejectAll() {
        driver.findElement(By.id("ciam-consent-reject-all")).click();
    }
}
