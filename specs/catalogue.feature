Feature: Catalogue
  Customers browse what the shop sells, and operators keep the catalogue stocked.

  @smoke
  Scenario: A visitor browses the catalogue
    When a visitor browses the catalogue
    Then the catalogue offers at least 1 product in stock

  Scenario: A new product appears in the catalogue with its price and stock
    Given the shop sells "tea-tin" at 4.99 with 3 in stock
    When a visitor browses the catalogue
    Then the catalogue lists "tea-tin" at 4.99 with 3 in stock

  @smoke @api_only
  Scenario: The shop reports that it is healthy
    Then the shop is healthy

  @smoke
  Scenario: The shop shows the version it runs
    Then the version shown matches the version the shop reports
