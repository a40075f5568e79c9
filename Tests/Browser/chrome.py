"""Headless Chromium through Selenium, as the browser tests start it.

THIDUA_CHROMIUM names the browser (the Swift tests pass the one they found on the path);
chromedriver is taken from the path (Debian: apt-get install chromium-driver).
"""
import os
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def driver(width=1200, height=1900, lang="vi"):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("THIDUA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}", f"--lang={lang}"]:
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)
