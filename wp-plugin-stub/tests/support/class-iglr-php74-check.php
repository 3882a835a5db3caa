<?php
/**
 * Finds syntax newer than PHP 7.4 by tokenizing (the tests run on PHP 8.2,
 * whose tokenizer knows the newer tokens).
 *
 * @package ig-login-relay
 */

/**
 * The check behind Php74CompatibilityTest.
 */
final class Iglr_Php74_Check {

	/** Functions PHP 8 added that WordPress 6.1 does not polyfill (it does str_contains & co.). */
	const PHP8_FUNCTIONS = array( 'array_is_list', 'get_debug_type', 'fdiv', 'get_resource_id', 'preg_last_error_msg', 'enum_exists', 'json_validate', 'mb_str_pad', 'array_find', 'array_any', 'array_all' );

	/** Types PHP 7.4 does not have. */
	const PHP8_TYPES = array( 'mixed', 'never', 'static', 'false', 'null', 'true' );

	/**
	 * Problems in some PHP source.
	 *
	 * @param string $code PHP source.
	 * @return string[] One line per problem ("line N: …").
	 */
	public static function problems( $code ) {
		$tokens   = array_values(
			array_filter(
				token_get_all( $code ),
				function ( $token ) {
					return ! is_array( $token ) || ! in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true );
				}
			)
		);
		$problems = array();
		$named    = array(
			'T_MATCH'                     => 'match expression',
			'T_NULLSAFE_OBJECT_OPERATOR'  => 'nullsafe operator ?->',
			'T_ATTRIBUTE'                 => 'attribute #[…]',
			'T_READONLY'                  => 'readonly',
			'T_ENUM'                      => 'enum',
		);
		$count = count( $tokens );
		for ( $i = 0; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			$line  = self::line( $tokens, $i );
			if ( is_array( $token ) ) {
				foreach ( $named as $constant => $what ) {
					if ( defined( $constant ) && constant( $constant ) === $token[0] ) {
						$problems[] = "line $line: $what";
					}
				}
				if ( T_STRING === $token[0] && in_array( strtolower( $token[1] ), self::PHP8_FUNCTIONS, true ) && self::is( $tokens, $i + 1, '(' ) && ! self::is_member( $tokens, $i ) ) {
					$problems[] = "line $line: PHP 8 function {$token[1]}()";
				}
				if ( T_STRING === $token[0] && self::is( $tokens, $i + 1, ':' ) && ( self::is( $tokens, $i - 1, '(' ) || self::is( $tokens, $i - 1, ',' ) ) ) {
					$problems[] = "line $line: named argument {$token[1]}:";
				}
				if ( T_CATCH === $token[0] ) {
					$j = $i + 2;
					while ( $j < $count && ! self::is( $tokens, $j, ')' ) && ! ( is_array( $tokens[ $j ] ) && T_VARIABLE === $tokens[ $j ][0] ) ) {
						$j++;
					}
					if ( self::is( $tokens, $j, ')' ) ) {
						$problems[] = "line $line: catch without a variable";
					}
				}
				if ( T_ELLIPSIS === $token[0] && self::is( $tokens, $i - 1, '(' ) && self::is( $tokens, $i + 1, ')' ) ) {
					$problems[] = "line $line: first-class callable syntax";
				}
				if ( T_FUNCTION === $token[0] || T_FN === $token[0] ) {
					$problems = array_merge( $problems, self::signature_problems( $tokens, $i ) );
				}
			}
		}
		return $problems;
	}

	/**
	 * Problems in a function's parameters and return type.
	 *
	 * @param array $tokens Tokens.
	 * @param int   $start  Index of T_FUNCTION / T_FN.
	 * @return string[]
	 */
	private static function signature_problems( array $tokens, $start ) {
		$count = count( $tokens );
		$open  = $start + 1;
		while ( $open < $count && ! self::is( $tokens, $open, '(' ) ) {
			if ( self::is( $tokens, $open, '{' ) || self::is( $tokens, $open, ';' ) ) {
				return array();
			}
			$open++;
		}
		$line        = self::line( $tokens, $start );
		$is_ctor     = is_array( $tokens[ $open - 1 ] ) && '__construct' === strtolower( $tokens[ $open - 1 ][1] );
		$problems    = array();
		$depth       = 0;
		$in_default  = false;
		$previous    = null;
		for ( $i = $open; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			$text  = is_array( $token ) ? $token[1] : $token;
			if ( '(' === $text || '[' === $text ) {
				$depth++;
			} elseif ( ')' === $text || ']' === $text ) {
				$depth--;
				if ( 0 === $depth ) {
					if ( ',' === $previous ) {
						$problems[] = "line $line: trailing comma in a parameter list";
					}
					break;
				}
			} elseif ( 1 === $depth && ',' === $text ) {
				$in_default = false;
			} elseif ( 1 === $depth && '=' === $text ) {
				$in_default = true;
			} elseif ( 1 === $depth && ! $in_default ) {
				if ( '|' === $text ) {
					$problems[] = "line $line: union type";
				} elseif ( is_array( $token ) && in_array( $token[0], array( T_PUBLIC, T_PROTECTED, T_PRIVATE ), true ) && $is_ctor ) {
					$problems[] = "line $line: promoted constructor parameter";
				} elseif ( is_array( $token ) && in_array( strtolower( $text ), self::PHP8_TYPES, true ) && T_STRING === $token[0] ) {
					$problems[] = "line $line: type $text";
				}
			}
			$previous = $text;
		}
		// Return type: ") : type" up to "{", ";" or "=>".
		if ( self::is( $tokens, $i + 1, ':' ) ) {
			for ( $j = $i + 2; $j < $count; $j++ ) {
				$text = is_array( $tokens[ $j ] ) ? $tokens[ $j ][1] : $tokens[ $j ];
				if ( '{' === $text || ';' === $text || '=>' === $text ) {
					break;
				}
				if ( '|' === $text || in_array( strtolower( $text ), self::PHP8_TYPES, true ) ) {
					$problems[] = "line $line: return type $text";
				}
			}
		}
		return $problems;
	}

	/**
	 * Whether the token at $i is the one-character token $char.
	 *
	 * @param array  $tokens Tokens.
	 * @param int    $i      Index.
	 * @param string $char   Character.
	 * @return bool
	 */
	private static function is( array $tokens, $i, $char ) {
		return isset( $tokens[ $i ] ) && $char === $tokens[ $i ];
	}

	/**
	 * Whether the name at $i is a method or a namespaced function, not a global call.
	 *
	 * @param array $tokens Tokens.
	 * @param int   $i      Index.
	 * @return bool
	 */
	private static function is_member( array $tokens, $i ) {
		return isset( $tokens[ $i - 1 ] ) && is_array( $tokens[ $i - 1 ] )
			&& in_array( $tokens[ $i - 1 ][0], array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION ), true );
	}

	/**
	 * Line of a token (of the nearest earlier token that knows it).
	 *
	 * @param array $tokens Tokens.
	 * @param int   $i      Index.
	 * @return int
	 */
	private static function line( array $tokens, $i ) {
		for ( ; $i >= 0; $i-- ) {
			if ( is_array( $tokens[ $i ] ) ) {
				return $tokens[ $i ][2];
			}
		}
		return 0;
	}
}
